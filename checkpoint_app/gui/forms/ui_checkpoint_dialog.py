# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'checkpoint_dialog.ui'
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

class Ui_CheckpointDialog(object):
    def setupUi(self, CheckpointDialog):
        if not CheckpointDialog.objectName():
            CheckpointDialog.setObjectName(u"CheckpointDialog")
        CheckpointDialog.resize(440, 220)
        self.layout = QVBoxLayout(CheckpointDialog)
        self.layout.setObjectName(u"layout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.checkpointNameLabel = QLabel(CheckpointDialog)
        self.checkpointNameLabel.setObjectName(u"checkpointNameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.checkpointNameLabel)

        self.checkpointNameEdit = QLineEdit(CheckpointDialog)
        self.checkpointNameEdit.setObjectName(u"checkpointNameEdit")
        self.checkpointNameEdit.setMaxLength(60)

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.checkpointNameEdit)

        self.kindLabel = QLabel(CheckpointDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(CheckpointDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.townshipLabel = QLabel(CheckpointDialog)
        self.townshipLabel.setObjectName(u"townshipLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.townshipLabel)

        self.townshipCombo = QComboBox(CheckpointDialog)
        self.townshipCombo.setObjectName(u"townshipCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.townshipCombo)


        self.layout.addLayout(self.formLayout)

        self.messageLabel = QLabel(CheckpointDialog)
        self.messageLabel.setObjectName(u"messageLabel")
        self.messageLabel.setTextFormat(Qt.PlainText)
        self.messageLabel.setWordWrap(True)

        self.layout.addWidget(self.messageLabel)

        self.buttonBox = QDialogButtonBox(CheckpointDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Save)

        self.layout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.checkpointNameLabel.setBuddy(self.checkpointNameEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.townshipLabel.setBuddy(self.townshipCombo)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(CheckpointDialog)

        QMetaObject.connectSlotsByName(CheckpointDialog)
    # setupUi

    def retranslateUi(self, CheckpointDialog):
        CheckpointDialog.setWindowTitle(QCoreApplication.translate("CheckpointDialog", u"\u5361\u70b9\u4fe1\u606f", None))
        self.checkpointNameLabel.setText(QCoreApplication.translate("CheckpointDialog", u"\u5361\u70b9\u540d\u79f0(&C)", None))
        self.kindLabel.setText(QCoreApplication.translate("CheckpointDialog", u"\u5361\u70b9\u7c7b\u578b", None))
        self.townshipLabel.setText(QCoreApplication.translate("CheckpointDialog", u"\u6240\u5c5e\u4e61\u9547", None))
        self.messageLabel.setText(QCoreApplication.translate("CheckpointDialog", u"\u4fee\u6539\u4f1a\u8bb0\u5165\u5ba1\u8ba1\u65e5\u5fd7\uff1b\u5df2\u4fdd\u5b58\u7684\u767b\u8bb0\u4ecd\u8bb0\u5728\u539f\u5361\u70b9\u540d\u4e0b\u3002\u53bf\u5e73\u53f0\u6ce8\u518c\u4e0d\u53d7\u5f71\u54cd\uff08\u5728\u201c\u540c\u6b65 \u2192 \u6ce8\u518c\u5230\u53bf\u5e73\u53f0\u201d\u4e2d\u53ef\u91cd\u65b0\u6ce8\u518c\uff09\u3002", None))
    # retranslateUi

