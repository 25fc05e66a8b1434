# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'enroll_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_EnrollDialog(object):
    def setupUi(self, EnrollDialog):
        if not EnrollDialog.objectName():
            EnrollDialog.setObjectName(u"EnrollDialog")
        EnrollDialog.resize(460, 220)
        self.layout = QVBoxLayout(EnrollDialog)
        self.layout.setObjectName(u"layout")
        self.introLabel = QLabel(EnrollDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setTextFormat(Qt.PlainText)
        self.introLabel.setWordWrap(True)

        self.layout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.serverLabel = QLabel(EnrollDialog)
        self.serverLabel.setObjectName(u"serverLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.serverLabel)

        self.serverEdit = QLineEdit(EnrollDialog)
        self.serverEdit.setObjectName(u"serverEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.serverEdit)

        self.codeLabel = QLabel(EnrollDialog)
        self.codeLabel.setObjectName(u"codeLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.codeLabel)

        self.codeEdit = QLineEdit(EnrollDialog)
        self.codeEdit.setObjectName(u"codeEdit")
        self.codeEdit.setMaxLength(32)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.codeEdit)


        self.layout.addLayout(self.formLayout)

        self.messageLabel = QLabel(EnrollDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(EnrollDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.serverLabel.setBuddy(self.serverEdit)
        self.codeLabel.setBuddy(self.codeEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(EnrollDialog)

        QMetaObject.connectSlotsByName(EnrollDialog)
    # setupUi

    def retranslateUi(self, EnrollDialog):
        EnrollDialog.setWindowTitle(QCoreApplication.translate("EnrollDialog", u"\u6ce8\u518c\u5230\u53bf\u5e73\u53f0", None))
        self.introLabel.setText(QCoreApplication.translate("EnrollDialog", u"\u586b\u5199\u53bf\u6307\u6325\u90e8\u63d0\u4f9b\u7684\u5e73\u53f0\u5730\u5740\u548c\u6ce8\u518c\u7801\u3002\u6ce8\u518c\u540e\u672c\u673a\u5728\u8054\u7f51\u65f6\u81ea\u52a8\u540c\u6b65\u3002", None))
        self.serverLabel.setText(QCoreApplication.translate("EnrollDialog", u"\u5e73\u53f0\u5730\u5740(&S)", None))
        self.serverEdit.setPlaceholderText(QCoreApplication.translate("EnrollDialog", u"\u5982 https://county.example:8700", None))
        self.codeLabel.setText(QCoreApplication.translate("EnrollDialog", u"\u6ce8\u518c\u7801(&C)", None))
        self.messageLabel.setText("")
    # retranslateUi

