# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'change_pin_dialog.ui'
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
    QFormLayout, QLabel, QLineEdit, QProgressBar,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_ChangePinDialog(object):
    def setupUi(self, ChangePinDialog):
        if not ChangePinDialog.objectName():
            ChangePinDialog.setObjectName(u"ChangePinDialog")
        ChangePinDialog.resize(400, 260)
        self.layout = QVBoxLayout(ChangePinDialog)
        self.layout.setObjectName(u"layout")
        self.staffLabel = QLabel(ChangePinDialog)
        self.staffLabel.setObjectName(u"staffLabel")
        self.staffLabel.setTextFormat(Qt.PlainText)

        self.layout.addWidget(self.staffLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.oldPinLabel = QLabel(ChangePinDialog)
        self.oldPinLabel.setObjectName(u"oldPinLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.oldPinLabel)

        self.oldPinEdit = QLineEdit(ChangePinDialog)
        self.oldPinEdit.setObjectName(u"oldPinEdit")
        self.oldPinEdit.setEchoMode(QLineEdit.Password)
        self.oldPinEdit.setMaxLength(12)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.oldPinEdit)

        self.newPinLabel = QLabel(ChangePinDialog)
        self.newPinLabel.setObjectName(u"newPinLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.newPinLabel)

        self.newPinEdit = QLineEdit(ChangePinDialog)
        self.newPinEdit.setObjectName(u"newPinEdit")
        self.newPinEdit.setEchoMode(QLineEdit.Password)
        self.newPinEdit.setMaxLength(8)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.newPinEdit)

        self.newPinAgainLabel = QLabel(ChangePinDialog)
        self.newPinAgainLabel.setObjectName(u"newPinAgainLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.newPinAgainLabel)

        self.newPinAgainEdit = QLineEdit(ChangePinDialog)
        self.newPinAgainEdit.setObjectName(u"newPinAgainEdit")
        self.newPinAgainEdit.setEchoMode(QLineEdit.Password)
        self.newPinAgainEdit.setMaxLength(8)

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.newPinAgainEdit)


        self.layout.addLayout(self.formLayout)

        self.rulesLabel = QLabel(ChangePinDialog)
        self.rulesLabel.setObjectName(u"rulesLabel")
        self.rulesLabel.setTextFormat(Qt.PlainText)
        self.rulesLabel.setWordWrap(True)

        self.layout.addWidget(self.rulesLabel)

        self.busyBar = QProgressBar(ChangePinDialog)
        self.busyBar.setObjectName(u"busyBar")
        self.busyBar.setMinimum(0)
        self.busyBar.setMaximum(0)
        self.busyBar.setTextVisible(False)
        self.busyBar.setMaximumSize(QSize(16777215, 8))

        self.layout.addWidget(self.busyBar)

        self.messageLabel = QLabel(ChangePinDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(ChangePinDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.oldPinLabel.setBuddy(self.oldPinEdit)
        self.newPinLabel.setBuddy(self.newPinEdit)
        self.newPinAgainLabel.setBuddy(self.newPinAgainEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.oldPinEdit, self.newPinEdit)
        QWidget.setTabOrder(self.newPinEdit, self.newPinAgainEdit)

        self.retranslateUi(ChangePinDialog)

        QMetaObject.connectSlotsByName(ChangePinDialog)
    # setupUi

    def retranslateUi(self, ChangePinDialog):
        ChangePinDialog.setWindowTitle(QCoreApplication.translate("ChangePinDialog", u"\u4fee\u6539 PIN", None))
        self.staffLabel.setText("")
        self.oldPinLabel.setText(QCoreApplication.translate("ChangePinDialog", u"\u539f PIN(&O)", None))
        self.newPinLabel.setText(QCoreApplication.translate("ChangePinDialog", u"\u65b0 PIN(&N)", None))
        self.newPinAgainLabel.setText(QCoreApplication.translate("ChangePinDialog", u"\u518d\u6b21\u8f93\u5165\u65b0 PIN(&A)", None))
        self.rulesLabel.setText(QCoreApplication.translate("ChangePinDialog", u"\u65b0 PIN \u4e3a 6\u20138 \u4f4d\u6570\u5b57\uff0c\u4e0d\u80fd\u5168\u662f\u540c\u4e00\u4e2a\u6570\u5b57\uff0c\u4e5f\u4e0d\u80fd\u662f 123456\u3001987654 \u8fd9\u6837\u7684\u8fde\u7eed\u6570\u5b57\u3002", None))
        self.messageLabel.setText("")
    # retranslateUi

