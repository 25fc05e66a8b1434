# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sign_in_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_SignInDialog(object):
    def setupUi(self, SignInDialog):
        if not SignInDialog.objectName():
            SignInDialog.setObjectName(u"SignInDialog")
        SignInDialog.resize(420, 260)
        self.layout = QVBoxLayout(SignInDialog)
        self.layout.setObjectName(u"layout")
        self.titleLabel = QLabel(SignInDialog)
        self.titleLabel.setObjectName(u"titleLabel")
        self.titleLabel.setTextFormat(Qt.PlainText)

        self.layout.addWidget(self.titleLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.nameLabel = QLabel(SignInDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameCombo = QComboBox(SignInDialog)
        self.nameCombo.setObjectName(u"nameCombo")
        self.nameCombo.setEditable(True)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameCombo)

        self.pinLabel = QLabel(SignInDialog)
        self.pinLabel.setObjectName(u"pinLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.pinLabel)

        self.pinEdit = QLineEdit(SignInDialog)
        self.pinEdit.setObjectName(u"pinEdit")
        self.pinEdit.setEchoMode(QLineEdit.Password)
        self.pinEdit.setMaxLength(12)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.pinEdit)


        self.layout.addLayout(self.formLayout)

        self.hintLabel = QLabel(SignInDialog)
        self.hintLabel.setObjectName(u"hintLabel")
        self.hintLabel.setTextFormat(Qt.PlainText)
        self.hintLabel.setWordWrap(True)

        self.layout.addWidget(self.hintLabel)

        self.messageLabel = QLabel(SignInDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(SignInDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameCombo)
        self.pinLabel.setBuddy(self.pinEdit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(SignInDialog)

        QMetaObject.connectSlotsByName(SignInDialog)
    # setupUi

    def retranslateUi(self, SignInDialog):
        SignInDialog.setWindowTitle(QCoreApplication.translate("SignInDialog", u"\u7b7e\u5230", None))
        self.titleLabel.setText(QCoreApplication.translate("SignInDialog", u"\u8bf7\u7b7e\u5230\u5f00\u59cb\u503c\u73ed", None))
        self.nameLabel.setText(QCoreApplication.translate("SignInDialog", u"\u59d3\u540d(&N)", None))
        self.pinLabel.setText(QCoreApplication.translate("SignInDialog", u"PIN(&P)", None))
        self.hintLabel.setText("")
        self.messageLabel.setText("")
    # retranslateUi

